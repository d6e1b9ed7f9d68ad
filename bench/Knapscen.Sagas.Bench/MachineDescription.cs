using System.Globalization;
using System.Runtime.InteropServices;

namespace Knapscen.Sagas.Bench;

internal static class MachineDescription
{
    /// <summary>What a reader needs to weigh the numbers: cores, OS, runtime.</summary>
    public static string Current() =>
        string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}");
}
