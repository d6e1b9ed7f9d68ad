namespace Knapscen.Sagas.Orchestrator.StepWorkers;

/// <summary>
/// When the post-sale CRM touchpoints happen, counted in days from the day the touchpoints are created (UTC):
/// welcome outreach the next day, technical onboarding after a week, a follow-up call after three weeks and a
/// feedback session after 45 days, once the customer has used the product for a while. Dates are nullable because
/// the original table's columns are: a row someone edited by hand may lack one.
/// </summary>
internal sealed record TouchpointSchedule(DateOnly? WelcomeOutreach, DateOnly? TechnicalOnboarding, DateOnly? FollowUpCall, DateOnly? FeedbackSession)
{
    public const int WelcomeOutreachDays = 1;
    public const int TechnicalOnboardingDays = 7;
    public const int FollowUpCallDays = 21;
    public const int FeedbackSessionDays = 45;

    public static TouchpointSchedule From(DateOnly today) => new(
        today.AddDays(WelcomeOutreachDays),
        today.AddDays(TechnicalOnboardingDays),
        today.AddDays(FollowUpCallDays),
        today.AddDays(FeedbackSessionDays));
}
