namespace Knapscen.Sagas.StateMachines.Onboarding;

public sealed record OnboardingUser(string Name, string Email, string Role);
