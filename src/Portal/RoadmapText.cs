namespace Portal;

/// <summary>Marker for the roadmap's texts (Resources/RoadmapText*.resx, neutral = zh-CN, plus en).</summary>
public sealed class RoadmapText;
