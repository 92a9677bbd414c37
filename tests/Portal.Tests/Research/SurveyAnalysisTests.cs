using Portal.Features.Research;

namespace Portal.Tests.Research;

public sealed class SurveyAnalysisTests
{
    /// <summary>
    /// Ten respondents, counted by hand:
    /// Role: Nurse 4 (rows 2, 3, 5, 8), Doctor 3 (4, 7, 10), Manager 3 (1, 6, 9): 3 different in 10, single choice.
    /// Would pay: Yes 6 (1, 3, 4, 6, 8, 10), Maybe 2 (5, 9), No 2 (2, 7): single choice.
    /// Price: 10-20 4 (1, 3, 6, 8), &lt;10 3 (2, 5, 9), 20+ 2 (4, 10); row 7 left it blank, so 9 answered.
    /// Comment: 7 answered, 6 different ("Too slow" twice): 3 × 6 = 18 &gt; 2 × 7 = 14, free text.
    /// </summary>
    public static readonly string[] Columns = ["Role", "Would pay", "Price", "Comment"];

    public static readonly string[][] Answers =
    [
        ["Manager", "Yes", "10-20", "Too slow"],
        ["Nurse", "No", "<10", ""],
        ["Nurse", "Yes", "10-20", "Love it"],
        ["Doctor", "Yes", "20+", ""],
        ["Nurse", "Maybe", "<10", "Expensive"],
        ["Manager", "Yes", "10-20", "Too slow"],
        ["Doctor", "No", "", "Hard to set up"],
        ["Nurse", "Yes", "10-20", ""],
        ["Manager", "Maybe", "<10", "Needs offline mode"],
        ["Doctor", "Yes", "20+", "Works well"],
    ];

    [Fact]
    public void Single_choice_columns_are_counted_most_given_first_and_ties_by_answer()
    {
        var analysis = SurveyAnalysis.Of(Columns, Answers);

        Assert.Equal(
            [SurveyColumnKind.SingleChoice, SurveyColumnKind.SingleChoice, SurveyColumnKind.SingleChoice, SurveyColumnKind.FreeText],
            analysis.Select(c => c.Kind));
        Assert.Equal([("Nurse", 4), ("Doctor", 3), ("Manager", 3)], analysis[0].Counts.Select(c => (c.Answer, c.Count)));
        Assert.Equal([("Yes", 6), ("Maybe", 2), ("No", 2)], analysis[1].Counts.Select(c => (c.Answer, c.Count)));
        Assert.Equal([("10-20", 4), ("<10", 3), ("20+", 2)], analysis[2].Counts.Select(c => (c.Answer, c.Count)));
        Assert.Equal([10, 10, 9, 7], analysis.Select(c => c.Answered));
        Assert.All(analysis.Take(3), c => Assert.Empty(c.Answers));
    }

    [Fact]
    public void A_free_text_column_lists_its_answers_in_row_order_without_the_blank_ones()
    {
        var comment = SurveyAnalysis.Of(Columns, Answers)[3];

        Assert.Equal(("Comment", 3), (comment.Name, comment.Index));
        Assert.Equal(["Too slow", "Love it", "Expensive", "Too slow", "Hard to set up", "Needs offline mode", "Works well"], comment.Answers);
        Assert.Empty(comment.Counts);
    }

    [Theory]
    // Two answers, one given twice: 3 × 2 = 6 ≤ 2 × 3 = 6.
    [InlineData(2, 3, true)]
    [InlineData(1, 2, true)]
    // Each answer given once is never single choice.
    [InlineData(1, 1, false)]
    [InlineData(2, 2, false)]
    [InlineData(12, 18, true)]
    [InlineData(12, 17, false)]
    // More than twelve different answers is free text however many respondents gave them.
    [InlineData(13, 5000, false)]
    [InlineData(0, 0, false)]
    public void The_rule_takes_few_answers_given_again_and_again_as_single_choice(int distinct, int answered, bool singleChoice) =>
        Assert.Equal(singleChoice, SurveyAnalysis.IsSingleChoice(distinct, answered));

    [Fact]
    public void Answers_are_counted_as_written_and_a_multi_select_cell_is_one_answer()
    {
        string[][] rows = [["Yes", "Email;Phone"], ["yes", "Email;Phone"], ["Yes", "Email"], [" Yes ", "Email;Phone"]];

        var analysis = SurveyAnalysis.Of(["Pay", "Contact"], rows);

        Assert.Equal([("Yes", 3), ("yes", 1)], analysis[0].Counts.Select(c => (c.Answer, c.Count)));
        Assert.Equal([("Email;Phone", 3), ("Email", 1)], analysis[1].Counts.Select(c => (c.Answer, c.Count)));
    }

    [Fact]
    public void A_column_nobody_answered_is_free_text_with_no_answers()
    {
        var empty = SurveyAnalysis.Of(["Pay", "Never asked"], [["Yes", ""], ["No", " "]])[1];

        Assert.Equal((SurveyColumnKind.FreeText, 0), (empty.Kind, empty.Answered));
        Assert.Empty(empty.Answers);
    }
}
