using System.Globalization;
using System.Resources;

namespace Portal.Components.Account;

/// <summary>
/// Field names for DataAnnotations on the account forms that <see cref="ValidationText"/> does not cover,
/// read from <c>AccountText</c> in the request's UI culture (the attributes need static string properties).
/// </summary>
public static class AccountValidationText
{
    private static readonly ResourceManager Resources = new("Portal.Resources.AccountText", typeof(AccountText).Assembly);

    public static string AuthenticatorCodeField => Get("Field.AuthenticatorCode");
    public static string RecoveryCodeField => Get("Field.RecoveryCode");
    public static string VerificationCodeField => Get("Field.VerificationCode");
    public static string NewEmailField => Get("Field.NewEmail");
    public static string PasskeyNameField => Get("Field.PasskeyName");
    public static string ResetCodeField => Get("Field.ResetCode");

    private static string Get(string name) =>
        Resources.GetString(name, CultureInfo.CurrentUICulture) ?? name;
}
