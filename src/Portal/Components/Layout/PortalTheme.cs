using MudBlazor;

namespace Portal.Components.Layout;

/// <summary>
/// One theme for the whole portal; fonts are the system's, since nothing is fetched from the internet. Colours that
/// carry text meet WCAG AA (4.5:1) against their background or contrast text, which MudBlazor's defaults do not:
/// the visual sweep's axe scan (tests/Portal.E2E/VisualSweepTests.cs) checks every page in both themes.
/// </summary>
public static class PortalTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#3949ab",
            Secondary = "#00796b",
            AppbarBackground = "#283593",
            Background = "#f7f8fc",
            TextSecondary = "#5c5e66",
            Success = "#2e7d32",
            Warning = "#a15c00",
            Error = "#c62828",
            Info = "#1565c0",
        },
        PaletteDark = new PaletteDark
        {
            // Light enough to stay readable (5:1) on the tint a hovered tab or button puts under it.
            Primary = "#a3b1ff",
            Secondary = "#4db6ac",
            AppbarBackground = "#1a1f3a",
            // Light colours on a dark page: the text on them is dark, as Material's dark theme does.
            PrimaryContrastText = "#1a1f3a",
            SecondaryContrastText = "rgba(0,0,0,0.87)",
            SuccessContrastText = "rgba(0,0,0,0.87)",
            WarningContrastText = "rgba(0,0,0,0.87)",
            ErrorContrastText = "rgba(0,0,0,0.87)",
            InfoContrastText = "rgba(0,0,0,0.87)",
            TextSecondary = "rgba(255,255,255,0.68)",
            Error = "#ff8a80",
            // MudBlazor writes a success alert in the "darken" colour on a green tint of the surface: light in the dark theme.
            SuccessDarken = "#3dd6a0",
            Info = "#90caf9",
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
