using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Portal.Data;

namespace Portal.Components.Account;

/// <summary>
/// Identity's sign-in manager, except that a password sign-in for an address with no account behaves like one
/// for an account: the password is hashed all the same (so the answer takes as long), and failures count towards
/// a lockout after as many tries and for as long. Without this the lockout page, and the time a wrong password
/// takes, told anyone whether an address has an account.
/// </summary>
public sealed class PortalSignInManager(
    UserManager<ApplicationUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<ApplicationUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<ApplicationUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<ApplicationUser> confirmation,
    UnknownAccountLockout unknownAccounts)
    : SignInManager<ApplicationUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    public override async Task<SignInResult> PasswordSignInAsync(string userName, string password, bool isPersistent, bool lockoutOnFailure)
    {
        if (await UserManager.FindByNameAsync(userName) is { } user)
        {
            return await PasswordSignInAsync(user, password, isPersistent, lockoutOnFailure);
        }

        if (unknownAccounts.IsLockedOut(userName))
        {
            return SignInResult.LockedOut;
        }

        unknownAccounts.HashAsForAnAccount(UserManager.PasswordHasher, password);
        return lockoutOnFailure && unknownAccounts.RecordFailure(userName) ? SignInResult.LockedOut : SignInResult.Failed;
    }
}

/// <summary>Failed sign-ins for addresses with no account, counted as Identity counts them for accounts.</summary>
public sealed class UnknownAccountLockout(IOptions<IdentityOptions> identityOptions, TimeProvider clock) : IDisposable
{
    /// <summary>Addresses remembered at most; beyond it the least recently tried are forgotten first.</summary>
    public const int MaxTrackedAddresses = 100_000;

    private static readonly ApplicationUser NobodyInParticular = new();

    private readonly MemoryCache attempts = new(new MemoryCacheOptions { SizeLimit = MaxTrackedAddresses });
    private readonly Lazy<string> referenceHash = new(() => new PasswordHasher<ApplicationUser>().HashPassword(NobodyInParticular, Guid.NewGuid().ToString()));

    private LockoutOptions Lockout => identityOptions.Value.Lockout;

    public bool IsLockedOut(string userName) =>
        attempts.TryGetValue(Key(userName), out Attempts? entry) && entry!.LockedUntil > clock.GetUtcNow();

    /// <summary>Counts one failure; true when it is the one that locks the address, as Identity's count does.</summary>
    public bool RecordFailure(string userName)
    {
        var entry = attempts.GetOrCreate(Key(userName), item =>
        {
            item.Size = 1;
            item.SlidingExpiration = Lockout.DefaultLockoutTimeSpan;
            return new Attempts();
        })!;
        lock (entry)
        {
            entry.Failures++;
            if (entry.Failures < Lockout.MaxFailedAccessAttempts)
            {
                return false;
            }

            entry.Failures = 0;
            entry.LockedUntil = clock.GetUtcNow() + Lockout.DefaultLockoutTimeSpan;
            return true;
        }
    }

    /// <summary>Spends the time checking a password against a stored hash takes.</summary>
    public void HashAsForAnAccount(IPasswordHasher<ApplicationUser> hasher, string password) =>
        hasher.VerifyHashedPassword(NobodyInParticular, referenceHash.Value, password);

    public void Dispose() => attempts.Dispose();

    private static string Key(string userName) => userName.Trim().ToUpperInvariant();

    private sealed class Attempts
    {
        public int Failures;
        public DateTimeOffset LockedUntil;
    }
}
