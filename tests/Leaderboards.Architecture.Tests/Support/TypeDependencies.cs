using System.Reflection;
using System.Reflection.Emit;

namespace Leaderboards.Architecture.Tests.Support;

/// <summary>
/// The types a type uses, read by reflection from the loaded assembly: its base type and interfaces, the signatures of
/// its members, every custom attribute, generic arguments and constraints, and its method bodies (locals, catch
/// clauses and the types, methods and fields the IL refers to). Nested types count as part of the type that declares
/// them, so async state machines, iterators and lambda closures are read with the method that wrote them.
/// </summary>
/// <remarks>
/// Used types are reported as written in metadata, reduced to what a namespace depends on: arrays, pointers and by-refs
/// to their element type, a constructed generic type to its definition and its arguments; generic parameters are left
/// out (their constraints are read where they are declared). A body token that does not resolve, such as one into an
/// assembly that is not in the test output, is skipped.
/// </remarks>
public static class TypeDependencies
{
    private const BindingFlags Declared =
        BindingFlags.DeclaredOnly | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static;

    /// <summary>The types <paramref name="type"/> and the types nested in it use, itself included when it refers to itself.</summary>
    public static IReadOnlySet<Type> Of(Type type)
    {
        var used = new HashSet<Type>();
        AddDeclaration(used, type);
        return used;
    }

    /// <summary>The type at the top of <paramref name="type"/>'s chain of declaring types.</summary>
    public static Type Outermost(Type type)
    {
        while (type.DeclaringType is { } declaring)
            type = declaring;
        return type;
    }

    private static void AddDeclaration(HashSet<Type> used, Type type)
    {
        AddAttributes(used, type.GetCustomAttributesData());
        Add(used, type.BaseType);
        foreach (Type contract in type.GetInterfaces())
            Add(used, contract);
        AddConstraints(used, type.IsGenericTypeDefinition ? type.GetGenericArguments() : []);

        foreach (FieldInfo field in type.GetFields(Declared))
        {
            Add(used, field.FieldType);
            AddAttributes(used, field.GetCustomAttributesData());
        }
        foreach (PropertyInfo property in type.GetProperties(Declared))
        {
            Add(used, property.PropertyType);
            AddAttributes(used, property.GetCustomAttributesData());
            foreach (ParameterInfo index in property.GetIndexParameters())
                Add(used, index.ParameterType);
        }
        foreach (EventInfo declaredEvent in type.GetEvents(Declared))
        {
            Add(used, declaredEvent.EventHandlerType);
            AddAttributes(used, declaredEvent.GetCustomAttributesData());
        }
        foreach (ConstructorInfo constructor in type.GetConstructors(Declared))
            AddMethod(used, constructor);
        foreach (MethodInfo method in type.GetMethods(Declared))
        {
            AddMethod(used, method);
            Add(used, method.ReturnType);
            AddAttributes(used, method.ReturnParameter.GetCustomAttributesData());
            AddConstraints(used, method.IsGenericMethodDefinition ? method.GetGenericArguments() : []);
        }
        foreach (Type nested in type.GetNestedTypes(Declared))
            AddDeclaration(used, nested);
    }

    private static void AddMethod(HashSet<Type> used, MethodBase method)
    {
        AddAttributes(used, method.GetCustomAttributesData());
        foreach (ParameterInfo parameter in method.GetParameters())
        {
            Add(used, parameter.ParameterType);
            AddAttributes(used, parameter.GetCustomAttributesData());
        }
        if (method.GetMethodBody() is { } body)
            AddBody(used, method, body);
    }

    private static void AddBody(HashSet<Type> used, MethodBase method, MethodBody body)
    {
        foreach (LocalVariableInfo local in body.LocalVariables)
            Add(used, local.LocalType);
        foreach (ExceptionHandlingClause clause in body.ExceptionHandlingClauses)
        {
            if (clause.Flags == ExceptionHandlingClauseOptions.Clause)
                Add(used, clause.CatchType);
        }
        if (body.GetILAsByteArray() is not { } il)
            return;

        Module module = method.Module;
        Type[]? typeArguments = method.DeclaringType is { IsGenericType: true } declaring ? declaring.GetGenericArguments() : null;
        Type[]? methodArguments = method is MethodInfo { IsGenericMethod: true } ? method.GetGenericArguments() : null;
        foreach ((OperandType kind, int token) in IlOperands.Tokens(il))
        {
            try
            {
                switch (kind)
                {
                    case OperandType.InlineType:
                        Add(used, module.ResolveType(token, typeArguments, methodArguments));
                        break;
                    case OperandType.InlineMethod:
                        AddMember(used, module.ResolveMethod(token, typeArguments, methodArguments));
                        break;
                    case OperandType.InlineField:
                        AddMember(used, module.ResolveField(token, typeArguments, methodArguments));
                        break;
                    default:
                        AddMember(used, module.ResolveMember(token, typeArguments, methodArguments));
                        break;
                }
            }
            catch (Exception unresolved) when (unresolved is ArgumentException or TypeLoadException or FileNotFoundException
                or FileLoadException or BadImageFormatException or MissingMemberException)
            {
                // A token into an assembly the test output lacks, or one reflection cannot bind: not a dependency we can name.
            }
        }
    }

    private static void AddMember(HashSet<Type> used, MemberInfo? member)
    {
        switch (member)
        {
            case Type type:
                Add(used, type);
                break;
            case MethodInfo { IsGenericMethod: true } method:
                Add(used, method.DeclaringType);
                foreach (Type argument in method.GetGenericArguments())
                    Add(used, argument);
                break;
            case not null:
                Add(used, member.DeclaringType);
                break;
        }
    }

    private static void AddConstraints(HashSet<Type> used, Type[] genericParameters)
    {
        foreach (Type parameter in genericParameters)
        {
            foreach (Type constraint in parameter.GetGenericParameterConstraints())
                Add(used, constraint);
        }
    }

    private static void AddAttributes(HashSet<Type> used, IList<CustomAttributeData> attributes)
    {
        foreach (CustomAttributeData attribute in attributes)
        {
            Add(used, attribute.AttributeType);
            // typeof(X) arguments, such as [JsonSerializable(typeof(X))], are uses of X.
            foreach (CustomAttributeTypedArgument argument in attribute.ConstructorArguments)
                AddAttributeArgument(used, argument);
            foreach (CustomAttributeNamedArgument named in attribute.NamedArguments)
                AddAttributeArgument(used, named.TypedValue);
        }
    }

    private static void AddAttributeArgument(HashSet<Type> used, CustomAttributeTypedArgument argument)
    {
        switch (argument.Value)
        {
            case Type type:
                Add(used, type);
                break;
            case IEnumerable<CustomAttributeTypedArgument> elements:
                foreach (CustomAttributeTypedArgument element in elements)
                    AddAttributeArgument(used, element);
                break;
        }
    }

    private static void Add(HashSet<Type> used, Type? type)
    {
        if (type is null || type.IsGenericParameter)
            return;
        if (type.HasElementType)
        {
            Add(used, type.GetElementType());
            return;
        }
        if (type.IsFunctionPointer)
        {
            Add(used, type.GetFunctionPointerReturnType());
            foreach (Type parameter in type.GetFunctionPointerParameterTypes())
                Add(used, parameter);
            return;
        }
        if (type.IsConstructedGenericType)
        {
            Add(used, type.GetGenericTypeDefinition());
            foreach (Type argument in type.GetGenericArguments())
                Add(used, argument);
            return;
        }
        used.Add(type);
    }
}
