using Portal.ModelLab.Evaluation;
using Portal.ModelLab.Models;
using Portal.ModelLab.Training;

namespace Portal.Features.ModelLab;

/// <summary>What a member asks to train.</summary>
public sealed record RunRequest(string Name, string DatasetKey, ModelSpec Spec, TrainingOptions Options, int? MaxTrainingImages);

/// <summary>A run as the runs list shows it.</summary>
public sealed record RunSummary(
    Guid Id,
    string Name,
    RunStatus Status,
    string DatasetKey,
    string CreatedByName,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    int Epoch,
    int Epochs,
    int Step,
    int StepsPerEpoch,
    double Progress,
    double? EtaSeconds,
    double? TrainSamplesPerSecond,
    double? InferSamplesPerSecond,
    double? TestAccuracy,
    double? TestLoss,
    long Parameters,
    long ForwardFlopsPerSample,
    int TrainSamples,
    TrainingOptions Options,
    string SpecJson,
    int? QueuePosition,
    string? Error,
    double TrainingSeconds,
    int? MaxTrainingImages)
{
    public bool IsActive => Status is RunStatus.Queued or RunStatus.Running;
}

public sealed record MetricPoint(long Id, int Epoch, int Step, double EpochProgress, double TrainLoss, double TrainAccuracy,
    double? ValidationLoss, double? ValidationAccuracy, double SamplesPerSecond);

/// <summary>What a training run's event carries while it trains: the points just stored and its progress, so open pages query nothing.</summary>
public sealed record RunProgressUpdate(Guid RunId, IReadOnlyList<MetricPoint> Points, int Epoch, int Step, int StepsPerEpoch, double Progress, double? EtaSeconds, double? SamplesPerSecond);

/// <summary>A finished run's evaluation with the class names it refers to.</summary>
public sealed record RunEvaluation(EvaluationResult Result, IReadOnlyList<string> ClassNames);
