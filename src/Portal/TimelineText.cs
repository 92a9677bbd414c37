namespace Portal;

/// <summary>Marker for the workspace timeline's texts (Resources/TimelineText*.resx, neutral = zh-CN, plus en).</summary>
public sealed class TimelineText;
