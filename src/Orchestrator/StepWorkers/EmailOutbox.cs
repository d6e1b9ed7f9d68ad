using MimeKit;

namespace Knapscen.Sagas.Orchestrator.StepWorkers;

/// <summary>
/// Where welcome e-mails go when no SMTP server is configured: one .eml file per message, named by its key, so the
/// file's presence means "already sent" and a rerun writes nothing.
/// </summary>
internal static class EmailOutbox
{
    public static string Directory(StepEnvironment environment) =>
        environment.Optional("EMAIL_OUTBOX_DIR") ?? Path.Combine(Path.GetTempPath(), "knapscen-outbox");

    /// <returns>The file and whether this call wrote it.</returns>
    public static async Task<(string Path, bool Written)> WriteAsync(string directory, WelcomeEmail email, CancellationToken cancellationToken)
    {
        var path = Path.Combine(directory, email.Key + ".eml");
        if (File.Exists(path))
        {
            return (path, false);
        }

        try
        {
            System.IO.Directory.CreateDirectory(directory);
            // Written aside and moved into place, so a crash mid-write never leaves a half file that counts as sent.
            var partial = Path.Combine(directory, $".{email.Key}.{Guid.NewGuid():N}.partial");
            await email.Message.WriteToAsync(FormatOptions.Default, partial, cancellationToken).ConfigureAwait(false);
            try
            {
                File.Move(partial, path, overwrite: false);
                return (path, true);
            }
            catch (IOException) when (File.Exists(path))
            {
                File.Delete(partial);
                return (path, false);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StepFailedException($"cannot write the e-mail to the outbox {directory}: {e.Message}");
        }
    }
}
