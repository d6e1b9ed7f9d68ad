using System.ComponentModel.DataAnnotations;

namespace Knapscen.Sagas.Adapters.Nats;

/// <summary>
/// Configuration section <c>Intake</c>: how much one registration may ask for. A registration beyond these bounds is
/// refused on its first delivery (dead-lettered, or a 400 from <c>POST /api/events</c>), not found out by a step.
/// </summary>
public sealed class IntakeOptions : IValidatableObject
{
    public const string Section = "Intake";

    /// <summary>The roles <c>db/migrations/0002_domain_schema.sql</c> seeds into <c>user_roles</c> (a test holds them equal).</summary>
    public static readonly IReadOnlyList<string> SeededRoles = ["customer_account_owner", "admin_user", "generic_user"];

    // role_name is VARCHAR(64) in user_roles.
    private const int MaxRoleLength = 64;

    /// <summary>One registration fans out to a few Jobs per user: this bounds what one event can start.</summary>
    [Range(1, 10_000, ErrorMessage = "Intake:MaxUsers (environment variable Intake__MaxUsers) must be between 1 and 10000.")]
    public int MaxUsers { get; set; } = 100;

    /// <summary>
    /// The roles a user may have; unset means <see cref="SeededRoles"/>. An array, not a list: the configuration binder
    /// appends to a list that already holds defaults.
    /// </summary>
    public string[]? Roles { get; set; }

    /// <summary>The roles the intake accepts. A method, not a property: configuration binds properties, and this is derived.</summary>
    public IReadOnlyList<string> AllowedRoles() => Roles is { Length: > 0 } configured ? configured : SeededRoles;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var roles = AllowedRoles();
        for (var index = 0; index < roles.Count; index++)
        {
            var role = roles[index];
            if (string.IsNullOrWhiteSpace(role) || role.Length > MaxRoleLength || role.Any(char.IsControl))
            {
                yield return new ValidationResult(
                    $"Intake:Roles:{index} (environment variable Intake__Roles__{index}) must be 1 to {MaxRoleLength} printable characters.",
                    [nameof(Roles)]);
            }
        }
    }
}
