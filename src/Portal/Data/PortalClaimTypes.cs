namespace Portal.Data;

public static class PortalClaimTypes
{
    public const string DisplayName = "portal:display_name";
}
