using System.Text;
using Knapscen.Sagas.Adapters.Nats.DeadLetters;
using Knapscen.Sagas.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Knapscen.Sagas.Tests.Intake;

/// <summary>
/// Two operators (or one request repeated) discarding the same dead letter: the second is told it is gone, whichever
/// place the letter had in the stream. nats-server 2.9 refuses the second delete with 400 for a letter between others
/// but with 500 for the stream's first one, which the API once passed on as a 500.
/// </summary>
[Trait("Tier", "integration")]
public sealed class When_a_dead_letter_is_discarded_twice
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task The_second_discard_says_it_is_gone(int letterIndex)
    {
        await using var orchestrator = await TestOrchestrator.StartAsync(StepCommands.All());
        for (var i = 0; i < 3; i++)
        {
            await orchestrator.PublishRawAsync("customer-registered", Encoding.UTF8.GetBytes($"not an event {i}"));
        }

        var letters = await orchestrator.ReadDeadLettersAsync(3, Timeout);
        var sequence = letters[letterIndex].Metadata!.Value.Sequence.Stream;
        var store = orchestrator.Services.GetRequiredService<DeadLetterStore>();
        using var deadline = new CancellationTokenSource(Timeout);

        Assert.True((await store.DiscardAsync(sequence, deadline.Token)).Done);
        var again = await store.DiscardAsync(sequence, deadline.Token);

        Assert.False(again.Done);
        Assert.Contains("replayed or discarded already", again.Message, StringComparison.Ordinal);
        Assert.Null(await store.GetAsync(sequence, deadline.Token));
    }
}
