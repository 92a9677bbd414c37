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

    private static readonly Lazy<int> LongestCommonPassword = new(() => CommonPasswords.Value.Max(p => p.Length));

    public Task<IdentityResult> ValidateAsync(UserManager<ApplicationUser> manager, ApplicationUser user, string? password) =>
        Task.FromResult(IsCommon(password ?? "") ? IdentityResult.Failed(errors.CommonPassword()) : IdentityResult.Success);

    /// <summary>
    /// Whether the password, in any letter case, is on the list, or is a listed one with digits or symbols added
    /// before or after it. Every way of taking the added characters off is tried (the listed "q1w2e3r4" is found in
    /// "Q1w2e3r4!!" although its own last character is a digit too), within the length of the longest listed
    /// password, so a long password costs no more than a short one.
    /// </summary>
    public static bool IsCommon(string password)
    {
        var lower = password.ToLowerInvariant();
        if (CommonPasswords.Value.Contains(lower))
        {
            return true;
        }

        var (first, last) = (-1, -1);
        for (var i = 0; i < lower.Length; i++)
        {
            if (char.IsLetter(lower[i]))
            {
                first = first < 0 ? i : first;
                last = i;
            }
        }

        if (first < 0)
        {
            // Only digits and symbols: judged whole, as above. The portal's rules want letters anyway.
            return false;
        }

        // The listed part keeps every letter: it starts at or before the first and ends at or after the last.
        var longest = LongestCommonPassword.Value;
        var lookup = CommonPasswords.Value.GetAlternateLookup<ReadOnlySpan<char>>();
        for (var start = Math.Max(0, last + 1 - longest); start <= first; start++)
        {
            for (var end = last + 1; end <= Math.Min(lower.Length, start + longest); end++)
            {
                if (lookup.Contains(lower.AsSpan(start, end - start)))
                {
                    return true;
                }
            }
        }

        return false;
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
