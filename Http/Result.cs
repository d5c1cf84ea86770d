using System.Diagnostics.CodeAnalysis;

namespace FunctionsMonitor.Http;

/// <summary>
/// A value, or the problem to answer instead (a bad parameter, an unknown app, a failed upstream): what parsing and
/// fetching return, so that a function reads as <c>if (!result.TryGet(out var value, out var problem)) return problem</c>.
/// </summary>
public readonly struct Result<T>
{
    private readonly T? _value;
    private readonly Problem? _problem;

    private Result(T? value, Problem? problem) => (_value, _problem) = (value, problem);

    public static Result<T> Ok(T value) => new(value, null);

    public static Result<T> Fail(Problem problem) => new(default, problem);

    public bool TryGet([NotNullWhen(true)] out T? value, [NotNullWhen(false)] out Problem? problem)
    {
        (value, problem) = (_value, _problem);
        return _problem is null;
    }

    /// <summary>The same problem, as a result of another type.</summary>
    public Result<TOther> Cast<TOther>() =>
        _problem is { } problem ? Result<TOther>.Fail(problem) : throw new InvalidOperationException("a value is not a problem");
}
