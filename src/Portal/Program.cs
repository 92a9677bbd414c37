using Portal.Data;
using Portal.Features.Announcements;
using Portal.Features.Canvas;
using Portal.Features.Cohorts;
using Portal.Features.Competitors;
using Portal.Features.Compliance;
using Portal.Features.Decisions;
using Portal.Features.Research;
using Portal.Features.Team;
using Portal.Features.Guide;
using Portal.Features.Kpis;
using Portal.Features.Market;
using Portal.Features.ModelLab;
using Portal.Features.Onboarding;
using Portal.Features.Plan;
using Portal.Features.Preferences;
using Portal.Features.Risks;
using Portal.Features.Roadmap;
using Portal.Features.Timeline;
using Portal.Features.Workspaces;
using Portal.Components.Account;
using Portal.Infrastructure;

var builder = WebApplication.CreateBuilder(args);
var role = PortalOptions.RoleOf(builder.Configuration);

// What every node runs: the database, live updates and the lab's queue; a worker, which trains and serves no pages,
// nothing more.
builder.AddPortalData();
builder.Services.AddWorkspaceEvents();
builder.Services.AddModelLab(role);
if (role != PortalRole.Worker)
{
    builder.Services.AddPortalIdentity();
    builder.Services.AddPortalUi();
    builder.Services.AddPortalSecurity();
    builder.Services.AddWorkspaces();
    builder.Services.AddCohorts();
    builder.Services.AddAnnouncements();
    builder.Services.AddGuide(builder.Configuration);
    builder.Services.AddCanvas();
    builder.Services.AddKpis();
    builder.Services.AddRisks();
    builder.Services.AddDecisions();
    builder.Services.AddCompliance();
    builder.Services.AddResearch();
    builder.Services.AddSurveys();
    builder.Services.AddRetention();
    builder.Services.AddRoadmapTransfer();
    builder.Services.AddTeam();
    builder.Services.AddCompetitors();
    builder.Services.AddRoadmap();
    builder.Services.AddGrowth();
    builder.Services.AddPlan();
    builder.Services.AddTimeline();
    builder.Services.AddMarket();
    builder.Services.AddOnboarding();
    builder.Services.AddComparison();
    builder.Services.AddPositioning();
}

var app = builder.Build();

await app.Services.PreparePortalDatabaseAsync(app.Environment, withAccounts: role != PortalRole.Worker);

if (role == PortalRole.Worker)
{
    // A worker trains what the web nodes queue; a load balancer or supervisor asks it only whether it is well.
    app.MapPortalHealth();
    await app.RunAsync();
    return;
}

app.UsePortalPipeline();
app.MapPortalHealth();
app.MapPreferences();
app.MapCohorts();
app.MapGuide();
app.MapCanvas();
app.MapPlan();
app.MapRisks();
app.MapRoadmapTransfer();
app.MapModelLab();
app.MapComparison();
app.MapPortalUi();

await app.RunAsync();

/// <summary>Entry point, public so that tests can host the app with <c>WebApplicationFactory</c>.</summary>
public partial class Program;
