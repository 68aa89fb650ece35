using System.Collections.Generic;

namespace VaeDsl.Dsl.Syntax;

/// <summary>The parts of a syntax tree every walker needs the same way: the expressions a member holds outside its
/// layer lists, and the names written inside an expression. One place, so a new member or expression kind is added
/// once for every walker.</summary>
internal static class SyntaxWalk
{
    /// <summary>The expressions a member holds directly; layer lists (sections, block bodies) and block parameter
    /// defaults are left to the caller, which scopes them.</summary>
    public static IEnumerable<ExprSyntax> ExpressionsOf(MemberSyntax member)
    {
        switch (member)
        {
            case InputSyntax input:
                foreach (var dimension in input.Dimensions) yield return dimension;
                break;
            case ConditionSyntax condition:
                yield return condition.Kind;
                break;
            case HyperSyntax hyper:
                foreach (var definition in hyper.Definitions) yield return definition.Value;
                break;
            case DistributionSyntax distribution:
                yield return distribution.Family;
                if (distribution.Flow is { } flow) yield return flow;
                break;
            case InferenceSyntax inference:
                yield return inference.Mode;
                break;
            case LikelihoodSyntax likelihood:
                yield return likelihood.Family;
                break;
            case LossSyntax loss:
                yield return loss.Sum;
                foreach (var schedule in loss.Schedules) yield return schedule;
                break;
            case TrainSyntax train:
                foreach (var entry in train.Entries) yield return entry.Value;
                break;
        }
    }

    /// <summary>Every bare name inside an expression, walked with a stack of its own so that depth costs no call stack.</summary>
    public static IEnumerable<NameSyntax> NamesIn(ExprSyntax expression)
    {
        var pending = new Stack<ExprSyntax>();
        pending.Push(expression);
        while (pending.Count > 0)
        {
            switch (pending.Pop())
            {
                case NameSyntax name:
                    yield return name;
                    break;
                case BinarySyntax binary:
                    pending.Push(binary.Right);
                    pending.Push(binary.Left);
                    break;
                case NegateSyntax negate:
                    pending.Push(negate.Operand);
                    break;
                case CallSyntax call:
                    for (var i = call.Arguments.Count - 1; i >= 0; i--) pending.Push(call.Arguments[i].Value);
                    break;
            }
        }
    }
}
