using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;

namespace Portal.Data;

public class ApplicationUser : IdentityUser
{
    public const int DisplayNameMaxLength = 64;

    [MaxLength(DisplayNameMaxLength)]
    public string? DisplayName { get; set; }

    /// <summary>The UI culture the user chose last (zh-CN or en); applied at sign-in on any device.</summary>
    [MaxLength(10)]
    public string? PreferredCulture { get; set; }

    /// <summary>The theme the user chose last; null means not chosen yet.</summary>
    public bool? PrefersDarkMode { get; set; }

    public string NameForDisplay => string.IsNullOrWhiteSpace(DisplayName) ? UserName ?? Email ?? Id : DisplayName;
}
