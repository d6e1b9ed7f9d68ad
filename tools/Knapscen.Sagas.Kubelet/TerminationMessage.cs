using System.Text;

namespace Knapscen.Sagas.Kubelet;

/// <summary>
/// The message of a terminated container as a kubelet sets it: the termination message file when the container wrote
/// one (at most 4096 bytes); else, with <c>FallbackToLogsOnError</c> and a failure, the log's last 80 lines or 2048
/// bytes, whichever is less.
/// </summary>
internal static class TerminationMessage
{
    private const int MaxFileBytes = 4096;
    private const int MaxLogLines = 80;
    private const int MaxLogBytes = 2048;

    public static string? Of(string? policy, int exitCode, string? fileContent, IReadOnlyList<string> log)
    {
        if (!string.IsNullOrEmpty(fileContent))
        {
            return Tail(fileContent, MaxFileBytes);
        }

        if (policy != "FallbackToLogsOnError" || exitCode == 0 || log.Count == 0)
        {
            return null;
        }

        return Tail(string.Join('\n', log.Skip(Math.Max(0, log.Count - MaxLogLines))), MaxLogBytes);
    }

    private static string Tail(string text, int maxBytes)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return bytes.Length <= maxBytes ? text : Encoding.UTF8.GetString(bytes, bytes.Length - maxBytes, maxBytes);
    }
}
