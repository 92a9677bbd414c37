namespace Portal;

/// <summary>Marker for the growth funnel's and unit economics' texts (Resources/GrowthText*.resx, neutral = zh-CN, plus en).</summary>
public sealed class GrowthText;
