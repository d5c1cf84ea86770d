using System.Net;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.Extensions.Hosting;

// The same start-up as FunctionsMonitor's (the plain HTTP model), with nothing of the app's.
FunctionsApplication.CreateBuilder(args).Build().Run();

public sealed class Trivial
{
    private static readonly byte[] Body = "{\"status\":\"ok\"}"u8.ToArray();

    [Function("Trivial")]
    public async Task<HttpResponseData> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "trivial")] HttpRequestData request)
    {
        var response = request.CreateResponse(HttpStatusCode.OK);
        response.Headers.Add("Content-Type", "application/json");
        await response.Body.WriteAsync(Body);
        return response;
    }
}
