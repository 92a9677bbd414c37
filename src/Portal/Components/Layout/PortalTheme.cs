using MudBlazor;

namespace Portal.Components.Layout;

/// <summary>One theme for the whole portal; fonts are the system's, since nothing is fetched from the internet.</summary>
public static class PortalTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#3949ab",
            Secondary = "#00897b",
            AppbarBackground = "#283593",
            Background = "#f7f8fc",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#8c9eff",
            Secondary = "#4db6ac",
            AppbarBackground = "#1a1f3a",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography
            {
                FontFamily = ["system-ui", "-apple-system", "Segoe UI", "PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", "sans-serif"],
            },
        },
    };
}
