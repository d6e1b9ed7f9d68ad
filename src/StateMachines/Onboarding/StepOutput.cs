namespace Knapscen.Sagas.StateMachines.Onboarding;

/// <summary>
/// A step attempt's own result event, as its container published it on its result subject: the CloudEvent's type,
/// subject and id (whatever shapes the image uses) and its data, kept verbatim for later steps' templates.
/// </summary>
public sealed record StepOutput(string Type, string? Subject, string Id, string Source, string? DataJson, DateTimeOffset ReceivedAt);
