using System.Reflection;
using Microsoft.AspNetCore.Identity;
using Portal.Data;

namespace Portal.Components.Account;

/// <summary>
/// Refuses passwords that guessing tools try first: one on Openwall's list of common passwords, or such a
/// password with digits or symbols around it ("Password123", "Iloveyou2024"), which the length and
/// character-class rules alone let through.
/// </summary>
public sealed class CommonPasswordValidator(LocalizedIdentityErrorDescriber errors) : IPasswordValidator<ApplicationUser>
{
    private static readonly Lazy<HashSet<string>> CommonPasswords = new(LoadList);

    public Task<IdentityResult> ValidateAsync(UserManager<ApplicationUser> manager, ApplicationUser user, string? password) =>
        Task.FromResult(IsCommon(password ?? "") ? IdentityResult.Failed(errors.CommonPassword()) : IdentityResult.Success);

    public static bool IsCommon(string password)
    {
        var lower = password.ToLowerInvariant();
        char[] padding = [.. lower.Where(c => !char.IsLetter(c)).Distinct()];
        string[] candidates = [lower, lower.TrimEnd(padding), lower.TrimStart(padding), lower.Trim(padding)];
        return candidates.Any(candidate => candidate.Length > 0 && CommonPasswords.Value.Contains(candidate));
    }

    private static HashSet<string> LoadList()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Portal.common-passwords.txt")
            ?? throw new InvalidOperationException("The common-password list is not embedded in the assembly.");
        using var reader = new StreamReader(stream);
        var passwords = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            // "#!comment:" lines are the list's header: its origin and licence.
            if (line.Length > 0 && !line.StartsWith("#!comment:", StringComparison.Ordinal))
            {
                passwords.Add(line.ToLowerInvariant());
            }
        }

        return passwords;
    }
}
