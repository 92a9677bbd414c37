using Portal.ModelLab.Data;
using Portal.ModelLab.Training;
using static TorchSharp.torch;

namespace Portal.ModelLab.Evaluation;

/// <summary>How well one class is told apart: of the images predicted as it, the share that are it (precision); of its images, the share found (recall).</summary>
public sealed record ClassScore(int Class, string Name, double Precision, double Recall, int Support);

/// <summary>A test image the model got wrong, with how sure it was of the wrong answer.</summary>
public sealed record Mistake(int TestIndex, int Actual, int Predicted, double Confidence);

/// <summary>How often images of class <paramref name="Actual"/> were taken for <paramref name="Predicted"/>.</summary>
public sealed record ConfusedPair(int Actual, int Predicted, int Count);

/// <param name="ConfusionMatrix">Rows are the true classes, columns the predicted ones.</param>
public sealed record EvaluationResult(
    double Accuracy,
    double Loss,
    int[][] ConfusionMatrix,
    IReadOnlyList<ClassScore> Classes,
    IReadOnlyList<ConfusedPair> MostConfusedPairs,
    IReadOnlyList<Mistake> MostConfidentMistakes);

/// <summary>Scores a trained model on the test part of its data.</summary>
public static class Evaluator
{
    /// <param name="mistakes">How many of the most confident wrong answers to keep.</param>
    public static EvaluationResult Evaluate(TrainedModel model, PreparedData data, int mistakes = 24)
    {
        var classes = data.ClassNames.Count;
        var matrix = Enumerable.Range(0, classes).Select(_ => new int[classes]).ToArray();
        var wrong = new List<Mistake>();
        var count = data.TestImages.shape[0];
        double lossSum = 0;
        model.Network.eval();
        using (no_grad())
        {
            for (long start = 0; start < count; start += Trainer.EvaluationBatch)
            {
                using var scope = NewDisposeScope();
                var length = Math.Min(Trainer.EvaluationBatch, count - start);
                var logits = model.Network.forward(data.TestImages.narrow(0, start, length));
                var expected = data.TestLabels.narrow(0, start, length);
                lossSum += nn.functional.cross_entropy(logits, expected, reduction: nn.Reduction.Sum).item<float>();
                var (confidence, predicted) = logits.softmax(1).max(1);
                var predictions = predicted.data<long>().ToArray();
                var confidences = confidence.data<float>().ToArray();
                var actual = expected.data<long>().ToArray();
                for (var i = 0; i < length; i++)
                {
                    matrix[actual[i]][predictions[i]]++;
                    if (actual[i] != predictions[i])
                    {
                        wrong.Add(new Mistake((int)(start + i), (int)actual[i], (int)predictions[i], confidences[i]));
                    }
                }
            }
        }

        var scores = Enumerable.Range(0, classes).Select(c =>
        {
            var predictedAs = matrix.Sum(row => row[c]);
            var support = matrix[c].Sum();
            return new ClassScore(c, data.ClassNames[c],
                predictedAs == 0 ? 0 : (double)matrix[c][c] / predictedAs,
                support == 0 ? 0 : (double)matrix[c][c] / support,
                support);
        }).ToList();
        var pairs = (from actual in Enumerable.Range(0, classes)
                     from predicted in Enumerable.Range(0, classes)
                     where actual != predicted && matrix[actual][predicted] > 0
                     orderby matrix[actual][predicted] descending, actual, predicted
                     select new ConfusedPair(actual, predicted, matrix[actual][predicted])).Take(5).ToList();
        var correct = Enumerable.Range(0, classes).Sum(c => matrix[c][c]);
        return new EvaluationResult((double)correct / count, lossSum / count, matrix, scores, pairs,
            wrong.OrderByDescending(m => m.Confidence).ThenBy(m => m.TestIndex).Take(mistakes).ToList());
    }
}
