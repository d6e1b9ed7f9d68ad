using Google.Protobuf;

namespace Knapscen.Sagas.Tests.Observability;

/// <summary>
/// Reads an OTLP ExportTraceServiceRequest (opentelemetry/proto/collector/trace/v1) by field number, keeping what the
/// tests look at: resource spans → resource service.name, scope spans → scope name, spans → ids, name, kind and
/// string/int/bool attributes, links. Everything else is skipped.
/// </summary>
internal static class OtlpTraceDecoder
{
    public static List<ExportedSpan> Decode(byte[] request)
    {
        var spans = new List<ExportedSpan>();
        foreach (var resourceSpans in Fields(request, 1))
        {
            var serviceName = "";
            var scopes = new List<byte[]>();
            ReadFields(resourceSpans, (field, input) =>
            {
                switch (field)
                {
                    case 1:
                        var resource = Attributes(Fields(input.ReadBytes().ToByteArray(), 1));
                        serviceName = resource.TryGetValue("service.name", out var name) ? (string)name : "";
                        return true;
                    case 2:
                        scopes.Add(input.ReadBytes().ToByteArray());
                        return true;
                    default:
                        return false;
                }
            });
            foreach (var scopeSpans in scopes)
            {
                var scopeName = Fields(scopeSpans, 1).Select(scope => Strings(scope, 1).FirstOrDefault() ?? "").FirstOrDefault() ?? "";
                spans.AddRange(Fields(scopeSpans, 2).Select(span => ReadSpan(span, serviceName, scopeName)));
            }
        }

        return spans;
    }

    private static ExportedSpan ReadSpan(byte[] span, string serviceName, string scopeName)
    {
        string traceId = "", spanId = "", parentSpanId = "", name = "";
        var kind = ExportedSpanKind.Unspecified;
        var attributes = new List<byte[]>();
        var links = new List<byte[]>();
        ReadFields(span, (field, input) =>
        {
            switch (field)
            {
                case 1: traceId = Hex(input.ReadBytes()); return true;
                case 2: spanId = Hex(input.ReadBytes()); return true;
                case 4: parentSpanId = Hex(input.ReadBytes()); return true;
                case 5: name = input.ReadString(); return true;
                case 6: kind = (ExportedSpanKind)input.ReadEnum(); return true;
                case 9: attributes.Add(input.ReadBytes().ToByteArray()); return true;
                case 13: links.Add(input.ReadBytes().ToByteArray()); return true;
                default: return false;
            }
        });
        return new ExportedSpan(serviceName, scopeName, traceId, spanId, parentSpanId, name, kind, Attributes(attributes))
        {
            // Link { trace_id = 1; span_id = 2; … }
            Links = [.. links.Select(link => (Hex(ByteString.CopyFrom(Fields(link, 1).FirstOrDefault() ?? [])), Hex(ByteString.CopyFrom(Fields(link, 2).FirstOrDefault() ?? []))))],
        };
    }

    /// <summary>KeyValue { key = 1; AnyValue value = 2 }, AnyValue { string = 1; bool = 2; int64 = 3 }.</summary>
    private static Dictionary<string, object> Attributes(IEnumerable<byte[]> keyValues)
    {
        var attributes = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var keyValue in keyValues)
        {
            var key = Strings(keyValue, 1).FirstOrDefault() ?? "";
            foreach (var anyValue in Fields(keyValue, 2))
            {
                ReadFields(anyValue, (field, input) =>
                {
                    switch (field)
                    {
                        case 1: attributes[key] = input.ReadString(); return true;
                        case 2: attributes[key] = input.ReadBool(); return true;
                        case 3: attributes[key] = input.ReadInt64(); return true;
                        default: return false;
                    }
                });
            }
        }

        return attributes;
    }

    private static List<byte[]> Fields(byte[] message, int number)
    {
        var found = new List<byte[]>();
        ReadFields(message, (field, input) =>
        {
            if (field != number)
            {
                return false;
            }

            found.Add(input.ReadBytes().ToByteArray());
            return true;
        });
        return found;
    }

    private static List<string> Strings(byte[] message, int number) =>
        [.. Fields(message, number).Select(bytes => System.Text.Encoding.UTF8.GetString(bytes))];

    /// <summary>Calls <paramref name="read"/> for each field; a field it does not consume (returns false) is skipped.</summary>
    private static void ReadFields(byte[] message, Func<int, CodedInputStream, bool> read)
    {
        var input = new CodedInputStream(message);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (!read(WireFormat.GetTagFieldNumber(tag), input))
            {
                input.SkipLastField();
            }
        }
    }

    private static string Hex(ByteString bytes) => Convert.ToHexStringLower(bytes.Span);
}
