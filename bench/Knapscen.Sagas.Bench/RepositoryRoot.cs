namespace Knapscen.Sagas.Bench;

internal static class RepositoryRoot
{
    public static string Find()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Knapscen.Sagas.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException("Knapscen.Sagas.sln not found above the bench binaries or the working directory");
    }
}
