using Knapscen.Sagas.Adapters.Nats.CloudEvents;
using NATS.Client.Core;

namespace Knapscen.Sagas.Tests.Adapters.Nats;

/// <summary>Corrupted messages must always end in a reason, never in an unexpected exception type.</summary>
[Trait("Tier", "specs")]
public sealed class MalformedInputTests
{
    private const int Limit = 262_144;

    private readonly NatsCloudEventBinding _binding = new();

    [Fact]
    public void Corrupted_structured_bodies_fail_only_with_a_reason()
    {
        var random = new Random(20251004);
        var sample = SampleEvents.Load(SampleEvents.CustomerRegistered);
        for (var i = 0; i < 3000; i++)
        {
            var body = sample[..random.Next(1, sample.Length + 1)];
            for (var flips = random.Next(0, 4); flips > 0; flips--)
            {
                body[random.Next(body.Length)] = (byte)random.Next(256);
            }

            DecodeAndValidateOrReason(null, body);
        }
    }

    [Fact]
    public void Corrupted_binary_headers_fail_only_with_a_reason()
    {
        var random = new Random(20251005);
        string[] names = ["ce-id", "ce-source", "ce-type", "ce-subject", "ce-time", "ce-specversion", "Content-Type", "ce-traceparent", "traceparent"];
        const string alphabet = "%0aF:/+-. é\"zZ\u0001";
        for (var i = 0; i < 3000; i++)
        {
            var headers = BinaryModeTests.BinaryHeaders();
            var value = new string([.. Enumerable.Range(0, random.Next(0, 8)).Select(_ => alphabet[random.Next(alphabet.Length)])]);
            headers[names[random.Next(names.Length)]] = value;

            DecodeAndValidateOrReason(headers, """{"name":"x"}"""u8.ToArray());
        }
    }

    private void DecodeAndValidateOrReason(NatsHeaders? headers, byte[] body)
    {
        try
        {
            CloudEventValidator.Validate(_binding.Decode(headers, body, Limit));
        }
        catch (InvalidCloudEventException e)
        {
            Assert.False(string.IsNullOrWhiteSpace(e.Reason));
        }
    }
}
