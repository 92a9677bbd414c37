namespace Portal;

/// <summary>Marker for the team tool's texts (Resources/TeamText*.resx, neutral = zh-CN, plus en).</summary>
public sealed class TeamText;
