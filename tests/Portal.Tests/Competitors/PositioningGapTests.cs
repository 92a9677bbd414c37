using Portal.Features.Competitors;

namespace Portal.Tests.Competitors;

/// <summary>The gap against cases worked by hand on the 0.5 grid over [0, 10]².</summary>
public sealed class PositioningGapTests
{
    [Fact]
    public void With_nothing_placed_there_is_no_gap()
    {
        Assert.Null(PositioningGap.Find([]));
    }

    [Fact]
    public void One_competitor_in_a_corner_leaves_the_opposite_corner_empty()
    {
        // (10, 10) is √200 ≈ 14.142 from (0, 0); no grid point is farther.
        var gap = PositioningGap.Find([(0, 0)])!;

        Assert.Equal((10, 10), (gap.X, gap.Y));
        Assert.Equal(Math.Sqrt(200), gap.Radius, 9);
        Assert.Equal((PositioningLevel.High, PositioningLevel.High), (gap.XLevel, gap.YLevel));
    }

    [Fact]
    public void Four_corners_equally_far_from_one_competitor_in_the_middle_go_to_the_lowest_x_then_y()
    {
        // All four corners are √50 ≈ 7.071 from (5, 5) and as far from the map's centre: the tie falls to x = 0, then y = 0.
        var gap = PositioningGap.Find([(5, 5)])!;

        Assert.Equal((0, 0), (gap.X, gap.Y));
        Assert.Equal(Math.Sqrt(50), gap.Radius, 9);
    }

    [Fact]
    public void Two_competitors_on_the_diagonal_leave_the_two_other_corners_and_the_lower_x_wins()
    {
        // (0, 10) and (10, 0) are both 10 from their nearest competitor and √50 from the centre; (0, 10) has the lower x.
        var gap = PositioningGap.Find([(0, 0), (10, 10)])!;

        Assert.Equal((0, 10), (gap.X, gap.Y));
        Assert.Equal(10, gap.Radius, 9);
        Assert.Equal((PositioningLevel.Low, PositioningLevel.High), (gap.XLevel, gap.YLevel));
    }

    [Fact]
    public void Four_corners_taken_leave_the_centre()
    {
        // The centre is √50 from every corner; the middle of an edge only 5.
        var gap = PositioningGap.Find([(0, 0), (0, 10), (10, 0), (10, 10)])!;

        Assert.Equal((5, 5), (gap.X, gap.Y));
        Assert.Equal(Math.Sqrt(50), gap.Radius, 9);
        Assert.Equal((PositioningLevel.Middle, PositioningLevel.Middle), (gap.XLevel, gap.YLevel));
    }

    [Fact]
    public void Three_competitors_on_three_edges_leave_the_middle_of_the_fourth()
    {
        // (5, 10) is 10 from (5, 0) and √(25 + 25) = √50 from (0, 5) and (10, 5); along the top edge the nearest of the
        // side competitors is farthest at x = 5, and lower down (0, 5) and (10, 5) come closer.
        var gap = PositioningGap.Find([(0, 5), (10, 5), (5, 0)])!;

        Assert.Equal((5, 10), (gap.X, gap.Y));
        Assert.Equal(Math.Sqrt(50), gap.Radius, 9);
    }

    [Fact]
    public void Equally_far_points_go_to_the_one_nearer_the_centre_before_the_lower_x()
    {
        // Competitors at (0, 0), (10, 0) and (5, 10). (0, 6.5) is 6.5 from (0, 0) and √(5² + 3.5²) = √37.25 ≈ 6.103 from (5, 10); (5, 3.5) is √37.25 from (0, 0)
        // and (10, 0) and 6.5 from (5, 10): all three are √37.25 from their nearest competitor. (5, 3.5) is 1.5 from the
        // centre, the others √27.25, so (5, 3.5) wins although (0, 6.5) has the lower x.
        var gap = PositioningGap.Find([(0, 0), (10, 0), (5, 10)])!;

        Assert.Equal((5, 3.5), (gap.X, gap.Y));
        Assert.Equal(Math.Sqrt(37.25), gap.Radius, 9);
    }

    [Fact]
    public void Two_points_as_near_the_centre_go_to_the_lower_y()
    {
        // (5, 0) and (5, 10) are both √50 from (0, 5) and (10, 5), and both 5 from the centre: same x, so y = 0 wins.
        var gap = PositioningGap.Find([(0, 5), (10, 5)])!;

        Assert.Equal((5, 0), (gap.X, gap.Y));
        Assert.Equal(Math.Sqrt(50), gap.Radius, 9);
    }

    [Fact]
    public void The_team_s_own_company_does_not_fill_the_gap_and_unknown_companies_are_left_out()
    {
        var (rival, own, gone) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var map = new PositioningMapView(
            Guid.NewGuid(), "Price vs quality", "Price", "Quality", 0,
            [new PlacementView(rival, 0, 0, Guid.NewGuid()), new PlacementView(own, 10, 10, Guid.NewGuid()), new PlacementView(gone, 10, 10, Guid.NewGuid())],
            Guid.NewGuid(), DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);
        var companies = new[] { new PositioningCompany(own, "Us", true, 0), new PositioningCompany(rival, "Rival", false, 1) };

        var gap = PositioningGap.Of(map, companies)!;

        Assert.Equal((10, 10), (gap.X, gap.Y));
        Assert.Null(PositioningGap.Of(map, [companies[0]]));
    }

    [Theory]
    [InlineData(0, PositioningLevel.Low)]
    [InlineData(3.3, PositioningLevel.Low)]
    [InlineData(3.5, PositioningLevel.Middle)]
    [InlineData(6.5, PositioningLevel.Middle)]
    [InlineData(6.7, PositioningLevel.High)]
    [InlineData(10, PositioningLevel.High)]
    public void An_axis_is_read_in_thirds(double value, PositioningLevel level)
    {
        Assert.Equal(level, PositioningGap.LevelOf(value));
    }
}
