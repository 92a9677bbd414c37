namespace Portal;

/// <summary>Marker for the roadmap's import, export and timeline texts (Resources/RoadmapImportText*.resx, neutral = zh-CN, plus en).</summary>
public sealed class RoadmapImportText;
