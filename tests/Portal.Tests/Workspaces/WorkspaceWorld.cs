using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Features.Cohorts;
using Portal.Features.Workspaces;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Workspaces;

public enum Persona
{
    Owner,
    Editor,
    Viewer,
    CohortInstructor,
    OtherInstructor,
    Stranger,
    Anonymous,
}

/// <summary>One user per persona, shared by a test class; each test makes its own workspace.</summary>
public class WorkspaceWorld : PortalAppFactory, IAsyncLifetime
{
    private readonly Dictionary<Persona, string?> ids = [];

    protected override bool SeedDemoData => false;

    public WorkspaceService Workspaces => Services.GetRequiredService<WorkspaceService>();

    public WorkspaceInvitationService Invitations => Services.GetRequiredService<WorkspaceInvitationService>();

    public string? Id(Persona persona) => ids[persona];

    /// <summary>Adds every change published for the workspace to <paramref name="changes"/> (under its lock) until disposed.</summary>
    public IDisposable RecordChanges(Guid workspaceId, List<WorkspaceChange> changes) =>
        Services.GetRequiredService<IWorkspaceEvents>().Subscribe(workspaceId, change =>
        {
            lock (changes)
            {
                changes.Add(change);
            }

            return Task.CompletedTask;
        });

    /// <summary>
    /// Waits until the recorded changes satisfy <paramref name="condition"/>: changes reach subscribers on their own
    /// queues, after the write that published them has returned.
    /// </summary>
    public static async Task WaitForChangesAsync(List<WorkspaceChange> changes, Func<IReadOnlyList<WorkspaceChange>, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            lock (changes)
            {
                if (condition(changes))
                {
                    return;
                }
            }

            Assert.True(DateTime.UtcNow < deadline, $"The expected changes did not arrive; {changes.Count} did.");
            await Task.Delay(20);
        }
    }

    public async Task InitializeAsync()
    {
        foreach (var persona in Enum.GetValues<Persona>())
        {
            ids[persona] = persona switch
            {
                Persona.Anonymous => null,
                Persona.CohortInstructor or Persona.OtherInstructor => await TestUsers.CreateAsync(Services, persona.ToString(), PortalRoles.Instructor),
                _ => await TestUsers.CreateAsync(Services, persona.ToString(), PortalRoles.Founder),
            };
        }
    }

    /// <summary>A workspace with an owner, an editor and a viewer, in a cohort of the cohort instructor; the other instructor runs another cohort.</summary>
    public async Task<WorkspaceDetails> NewWorkspaceAsync()
    {
        var workspaces = Workspaces;
        var invitations = Invitations;
        var owner = Id(Persona.Owner)!;
        var workspace = await workspaces.CreateAsync(owner, new WorkspaceInput($"Acme {Guid.NewGuid():N}"[..20], "Pitch", WorkspaceStage.Idea, "Retail"));
        foreach (var (persona, role) in new[] { (Persona.Editor, WorkspaceRole.Editor), (Persona.Viewer, WorkspaceRole.Viewer) })
        {
            await invitations.InviteByEmailAsync(owner, workspace.Id, await TestUsers.EmailOfAsync(Services, Id(persona)!), role);
            var invitation = Assert.Single(await invitations.ListPendingForUserAsync(Id(persona)!), i => i.WorkspaceName == workspace.Name);
            Assert.Equal(InvitationOutcome.Accepted, (await invitations.AnswerAsync(Id(persona)!, invitation.Id, accept: true)).Outcome);
        }

        var cohorts = Services.GetRequiredService<CohortService>();
        var cohort = await cohorts.CreateAsync(Id(Persona.CohortInstructor)!, new CohortInput("Spring", new DateOnly(2026, 3, 1), new DateOnly(2026, 6, 1), []));
        await cohorts.CreateAsync(Id(Persona.OtherInstructor)!, new CohortInput("Autumn", new DateOnly(2026, 9, 1), new DateOnly(2026, 12, 1), []));
        await workspaces.JoinCohortAsync(owner, workspace.Id, cohort.JoinCode.ToLowerInvariant());
        return (await workspaces.GetDetailsAsync(owner, workspace.Id))!;
    }

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
}

/// <summary>The same world on a PostgreSQL database of its own.</summary>
public sealed class PostgresWorkspaceWorld : WorkspaceWorld
{
    private readonly Lazy<string> database = new(() => TestServers.CreateDatabaseAsync().GetAwaiter().GetResult());

    protected override string? PostgresDatabase => database.Value;
}
