using System.Diagnostics;
using OpenTelemetry.Trace;

namespace Knapscen.Sagas.Orchestrator.Telemetry;

/// <summary>
/// The sampler for spans without a parent. A client span with nothing around it is a library call outside any saga
/// work (the deadline scanner's polling query, the Job watcher's long-poll): on its own trace it would only bury the
/// onboardings in noise. Everything else starts a trace; children follow their parent's decision.
/// </summary>
internal sealed class LibraryCallsOutsideWorkDropped : Sampler
{
    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters) =>
        new(samplingParameters.Kind == ActivityKind.Client ? SamplingDecision.Drop : SamplingDecision.RecordAndSample);
}
