using Knapscen.Sagas.Adapters.Nats;
using Knapscen.Sagas.Adapters.Nats.Publishing;
using Knapscen.Sagas.Adapters.Nats.Topology;
using Knapscen.Sagas.Orchestrator.Api.Events;
using Knapscen.Sagas.Orchestrator.Cli;
using Knapscen.Sagas.StateMachines.Onboarding;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using NATS.Client.Core;

namespace Knapscen.Sagas.Orchestrator.WebConsole.Pages;

[Authorize(Policy = Security.ConsoleSignIn.AdminPolicy)]
internal sealed class PublishModel(CloudEventPublisher publisher, IntakeStreams streams, IOptions<IntakeOptions> intake) : PageModel
{
    public const int UserRows = 3;

    public static readonly IReadOnlyList<string> Tiers = ["basic", "groovy", "far-out"];

    /// <summary>The roles the intake accepts (Intake:Roles), so the form offers no role it would refuse.</summary>
    public IReadOnlyList<string> Roles => intake.Value.AllowedRoles();

    public string? Name { get; private set; }

    public string Tier { get; private set; } = Tiers[0];

    public List<UserRow> Users { get; private set; } = [];

    public string? Error { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(string? name, string? tier, List<UserRow>? users, CancellationToken cancellationToken)
    {
        Name = name;
        Tier = tier ?? Tiers[0];
        Users = users ?? [];
        var filled = Users.Where(user => !string.IsNullOrWhiteSpace(user.Name) || !string.IsNullOrWhiteSpace(user.Email))
            .Select(user => new OnboardingUser(user.Name?.Trim() ?? "", user.Email?.Trim() ?? "", user.Role?.Trim() ?? ""));
        var cloudEvent = EventFromFlags.CustomerRegistered(name?.Trim() ?? "", tier, filled, "knapscen.console");
        try
        {
            EventValidation.Validate(cloudEvent, intake.Value);
        }
        catch (InvalidEventException e)
        {
            // The intake's own words: they name the field at fault.
            Error = $"The intake would refuse this event: {e.Message}";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        try
        {
            await streams.EnsureAsync(cancellationToken);
            await publisher.PublishAsync(KnapscenSubjects.CustomerRegistered, cloudEvent, binaryMode: false, cancellationToken);
        }
        catch (NatsException e)
        {
            Error = $"NATS is not available, nothing was published: {e.Message}";
            Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return Page();
        }

        return Redirect($"/sagas/{cloudEvent.Subject}");
    }

    public sealed class UserRow
    {
        public string? Name { get; set; }

        public string? Email { get; set; }

        public string? Role { get; set; }
    }
}
