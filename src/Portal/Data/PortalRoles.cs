namespace Portal.Data;

public static class PortalRoles
{
    public const string Admin = "Admin";
    public const string Instructor = "Instructor";
    public const string Founder = "Founder";

    public static readonly IReadOnlyList<string> All = [Admin, Instructor, Founder];
}
