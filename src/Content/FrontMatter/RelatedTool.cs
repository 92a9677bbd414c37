namespace Portal.Content;

/// <summary>A portal tool a chapter leads to (front matter key <c>related_tool</c>, one or more separated by commas).</summary>
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

    /// <summary>User research and requirements (<c>research</c>).</summary>
    Research,

    /// <summary>The roadmap: milestones and the task board (<c>roadmap</c>).</summary>
    Roadmap,

    /// <summary>The founding team's roles and skills (<c>team</c>).</summary>
    Team,

    /// <summary>Competitors: companies, comparison matrix, positioning maps, strategy (<c>competitors</c>).</summary>
    Competitors,

    /// <summary>Customers and channels: personas, channels, funnel, unit economics, retention (<c>market</c>).</summary>
    Market,

    /// <summary>Compliance checklists for the regimes that apply (<c>compliance</c>).</summary>
    Compliance,
}
