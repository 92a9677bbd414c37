using System.Globalization;
using System.Resources;

namespace Portal.Components.Account;

/// <summary>
/// Validation messages and field names for DataAnnotations on the account forms, read from the
/// portal's resources in the request's UI culture (the attributes need static string properties).
/// </summary>
public static class ValidationText
{
    private static readonly ResourceManager Resources = new("Portal.Resources.UiStrings", typeof(UiStrings).Assembly);

    public static string Required => Get("Validation.Required");
    public static string Email => Get("Validation.Email");
    public static string Phone => Get("Validation.Phone");
    public static string MaxLength => Get("Validation.MaxLength");
    public static string LengthBetween => Get("Validation.LengthBetween");
    public static string PasswordsDiffer => Get("Validation.PasswordsDiffer");
    public static string EmailField => Get("Account.Email");
    public static string PasswordField => Get("Account.Password");
    public static string ConfirmPasswordField => Get("Account.ConfirmPassword");
    public static string CurrentPasswordField => Get("ChangePassword.Old");
    public static string NewPasswordField => Get("ChangePassword.New");
    public static string DisplayNameField => Get("Account.DisplayName");
    public static string PhoneField => Get("Account.Phone");

    private static string Get(string name) =>
        Resources.GetString(name, CultureInfo.CurrentUICulture) ?? name;
}
