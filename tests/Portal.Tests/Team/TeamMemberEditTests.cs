using Portal.Features.Team;

namespace Portal.Tests.Team;

public sealed class TeamMemberEditTests
{
    private static readonly TeamMemberView Ada = new(Guid.NewGuid(), null, "Ada", "CTO", "Builds the model", 40, [], Guid.NewGuid(), DateTimeOffset.UnixEpoch);

    [Fact]
    public void A_skill_changed_by_someone_else_moves_the_form_to_the_new_version_and_keeps_what_the_user_typed()
    {
        var edit = TeamMemberEdit.Of(Ada);
        edit.Responsibilities = "Builds the model and the data pipeline";
        var skilled = Ada with { Skills = [new("Data", 3)], Version = Guid.NewGuid() };

        var after = edit.Apply(skilled);

        Assert.Same(edit, after);
        Assert.Equal((skilled.Version, "Builds the model and the data pipeline", (TeamMemberView?)null), (after.Base!.Version, after.Responsibilities, after.Theirs));
    }

    [Fact]
    public void Details_changed_by_someone_else_stand_beside_the_user_s_or_replace_an_untouched_form()
    {
        var theirs = Ada with { Role = "CEO", HoursPerWeek = 50, Version = Guid.NewGuid() };
        var typing = TeamMemberEdit.Of(Ada);
        typing.HoursPerWeek = 30;
        var untouched = TeamMemberEdit.Of(Ada);

        var kept = typing.Apply(theirs);
        var replaced = untouched.Apply(theirs);

        Assert.Equal((30, "CTO", theirs, false), (kept.HoursPerWeek, kept.RoleChoice, kept.Theirs, kept.Refused));
        Assert.Equal(Ada.Version, kept.Base!.Version);
        Assert.NotSame(untouched, replaced);
        Assert.Equal(("CEO", 50, theirs.Version), (replaced.RoleChoice, replaced.HoursPerWeek, replaced.Base!.Version));
    }

    [Fact]
    public void The_team_s_own_role_is_sent_as_written_and_a_member_is_sent_without_a_name()
    {
        var edit = TeamMemberEdit.New();
        edit.UserId = "u1";
        edit.Name = "left over from before";
        edit.RoleChoice = TeamMemberEdit.OwnRole;
        edit.RoleText = "Data wrangler";

        Assert.Equal(new TeamMemberInput("u1", "", "Data wrangler", "", 0), edit.ToInput());
        edit.IsMember = false;
        Assert.Equal(new TeamMemberInput(null, "left over from before", "Data wrangler", "", 0), edit.ToInput());
        Assert.True(edit.IsDirty);
    }
}
