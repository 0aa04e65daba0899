using HiParis.Mooc.Reliability;

var settings = DriverSettings.FromEnvironment();
switch (args.FirstOrDefault())
{
    case "race":
        return await RaceRun.RunAsync(settings);
    case "faults":
        return await FaultRun.RunAsync(settings);
    default:
        await Console.Error.WriteLineAsync("usage: HiParis.Mooc.Reliability race|faults (settings from MOOC_* variables, see reliability/common.sh)");
        return 2;
}
