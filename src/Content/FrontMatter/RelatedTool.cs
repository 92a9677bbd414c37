namespace Portal.Content;

/// <summary>The portal tool a chapter leads to (front matter key <c>related_tool</c>).</summary>
public enum RelatedTool
{
    /// <summary>No tool (<c>none</c>).</summary>
    None,

    /// <summary>The Business Model Canvas (<c>canvas</c>).</summary>
    Canvas,

    /// <summary>The SMART-KPI tracker (<c>kpis</c>).</summary>
    Kpis,

    /// <summary>The risk register (<c>risks</c>).</summary>
    Risks,

    /// <summary>The model lab (<c>lab</c>).</summary>
    Lab,

    /// <summary>Technology decisions (<c>decisions</c>).</summary>
    Decisions,
}
