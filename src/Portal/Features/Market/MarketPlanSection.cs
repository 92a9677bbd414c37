using System.Text;
using Microsoft.Extensions.Localization;
using Portal.Features.Plan;
using Portal.Infrastructure;

namespace Portal.Features.Market;

/// <summary>
/// The team's customers and channels on the assembled plan and in its Markdown export: each persona and what backs it,
/// each channel with its computed acquisition cost, and the blended cost with its formula.
/// </summary>
public sealed class MarketPlanSection(PersonaService personas, ChannelService channels, IStringLocalizer<MarketText> text) : IPlanSection
{
    private static readonly string[] ChannelColumns = ["Name", "Reach", "Kind", "MonthlyBudget", "MonthlyReach", "ConversionPercent"];

    public int Order => 26;

    public string Tool => "market";

    public Type Component => typeof(MarketPlanSectionView);

    public async Task<string> ToMarkdownAsync(string userId, Guid workspaceId, CancellationToken cancellationToken)
    {
        if (await personas.ListAsync(userId, workspaceId, cancellationToken) is not { } people || await channels.ListAsync(userId, workspaceId, cancellationToken) is not { } ways)
        {
            return "";
        }

        var markdown = new StringBuilder().Append("## ").AppendLine(text["Market.Plan.Title"]).AppendLine();
        markdown.Append("### ").AppendLine(text["Market.Personas"]).AppendLine();
        if (people.Count == 0)
        {
            markdown.AppendLine(text["Market.Plan.NoPersonas"]).AppendLine();
        }

        foreach (var persona in people)
        {
            markdown.Append("- **").Append(UserMarkdown.EscapeTableCell(persona.Name)).Append("**");
            if (persona.Segment.Length > 0)
            {
                markdown.Append(" (").Append(UserMarkdown.EscapeTableCell(persona.Segment)).Append(')');
            }

            markdown.Append(" — ").AppendLine(Evidence(persona, text));
            foreach (var (key, value) in new[] { ("Goals", persona.Goals), ("Pains", persona.Pains), ("Jobs", persona.Jobs), ("Quote", persona.Quote) })
            {
                if (value.Length > 0)
                {
                    markdown.Append("  - ").Append(text[$"Market.Field.{key}"]).Append(": ").AppendLine(UserMarkdown.EscapeTableCell(value));
                }
            }
        }

        markdown.AppendLine().Append("### ").AppendLine(text["Market.Channels"]).AppendLine();
        if (ways.Count == 0)
        {
            return markdown.AppendLine(text["Market.Plan.NoChannels"]).ToString();
        }

        markdown.Append("| ").AppendJoin(" | ", ChannelColumns.Select(f => text[$"Market.Field.{f}"].Value))
            .Append(" | ").Append(text["Market.CustomersPerMonth"]).Append(" | ").Append(text["Market.Cac"]).AppendLine(" |")
            .AppendLine("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var channel in ways)
        {
            markdown.Append("| ").Append(UserMarkdown.EscapeTableCell(channel.Name))
                .Append(" | ").Append(text[$"Market.Reach.{channel.Reach}"])
                .Append(" | ").Append(text[$"Market.Kind.{channel.Kind}"])
                .Append(" | ").Append(MarketMessages.Usd(channel.MonthlyBudget))
                .Append(" | ").Append(MarketMessages.Number(channel.MonthlyReach))
                .Append(" | ").Append(MarketMessages.Percent(channel.ConversionPercent)).Append(" %")
                .Append(" | ").Append(MarketMessages.Customers(channel.CustomersPerMonth))
                .Append(" | ").Append(channel.Cac is null ? text["Market.NoCustomers"].Value : MarketMessages.Usd(channel.Cac))
                .AppendLine(" |");
        }

        var blended = ChannelView.BlendedCac(ways);
        return markdown.AppendLine()
            .Append(text["Market.BlendedCac"]).Append(": ").AppendLine(blended is null ? text["Market.NoCustomers"].Value : MarketMessages.Usd(blended))
            .AppendLine().AppendLine(text["Market.Formula"]).ToString();
    }

    /// <summary>"Backed by 2 interviews", or that the persona is an assumption.</summary>
    public static string Evidence(PersonaView persona, IStringLocalizer<MarketText> text) =>
        persona.IsAssumption ? text["Market.Assumption"] : text["Market.Evidence", persona.EvidenceCount];
}
