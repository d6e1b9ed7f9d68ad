namespace Knapscen.Sagas.StateMachines.Contracts;

/// <summary>What every step result says about the attempt it reports on.</summary>
public interface IStepResultMessage
{
    Guid SagaId { get; }

    string Step { get; }

    int? UserIndex { get; }

    int Attempt { get; }

    string LaunchId { get; }
}
