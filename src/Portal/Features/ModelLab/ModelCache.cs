using Portal.ModelLab.Training;

namespace Portal.Features.ModelLab;

/// <summary>
/// Keeps the few most recently used trained models loaded, so the drawing pad answers at once. Used only on
/// <see cref="TorchThreads"/>' request thread, one call at a time.
/// </summary>
internal sealed class ModelCache
{
    private const int Capacity = 4;
    private readonly LinkedList<(Guid RunId, TrainedModel Model)> recent = new();

    public T Use<T>(Guid runId, string folder, Func<TrainedModel, T> work)
    {
        var node = recent.First;
        while (node is not null && node.Value.RunId != runId)
        {
            node = node.Next;
        }

        if (node is null)
        {
            node = new LinkedListNode<(Guid, TrainedModel)>((runId, TrainedModel.Load(folder)));
            if (recent.Count == Capacity)
            {
                recent.Last!.Value.Model.Dispose();
                recent.RemoveLast();
            }
        }
        else
        {
            recent.Remove(node);
        }

        recent.AddFirst(node);
        return work(node.Value.Model);
    }
}
