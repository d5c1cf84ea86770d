using System.ComponentModel.DataAnnotations;

namespace FunctionsMonitor.Settings;

/// <summary>A setting's range, said as what to set: <c>it must be from 1 to 3600.</c> after the key and value.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class SettingRangeAttribute : RangeAttribute
{
    private const string Rule = "it must be from {1} to {2}.";

    public SettingRangeAttribute(int minimum, int maximum) : base(minimum, maximum) => ErrorMessage = Rule;

    public SettingRangeAttribute(double minimum, double maximum) : base(minimum, maximum) => ErrorMessage = Rule;
}
