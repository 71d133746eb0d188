import type { CodeCase } from './codeCase';

/** csharp: each line ending in a FINDING comment must be found, and no other line. */
export const CSHARP_CASES: CodeCase[] = [
  {
    item: 'csharp.risk.injection',
    file: 'src/Api/UserStore.cs',
    source: `namespace Api;

class UserStore
{
    void Find(string id, string name)
    {
        var a = ctx.Users.FromSqlRaw($"select * from users where id = {id}").ToList(); // FINDING
        ctx.Database.ExecuteSqlRaw("delete from users where id = " + id); // FINDING
        var b = ctx.Users.FromSqlInterpolated($"select * from users where id = {id}").ToList();
        var c = ctx.Users.FromSql($"select * from users where id = {id}").ToList();
        var d = ctx.Users.FromSqlRaw("select * from users where id = {0}", id).ToList();
        ctx.Database.ExecuteSqlRaw($"delete from users");
        var cmd = new SqlCommand("select * from users where name = '" + name + "'", conn); // FINDING
        var ok = new SqlCommand("select * from users where name = @name", conn);
        cmd.CommandText = $"select * from users where id = {id}"; // FINDING
        cmd.CommandText = "select * from users where id = @id";
        var f = new BinaryFormatter(); // FINDING
        var s = new JsonSerializerSettings { TypeNameHandling = TypeNameHandling.Auto }; // FINDING
        var t = new JsonSerializerSettings { TypeNameHandling = TypeNameHandling.None };
        // ctx.Database.ExecuteSqlRaw("delete " + id) in a comment
    }
}
`,
  },
  {
    // microservices-demo's cartservice (AlloyDBCartStore.cs): the SQL is built in a local first.
    item: 'csharp.risk.injection',
    file: 'src/cartstore/AlloyDBCartStore.cs',
    source: `namespace cartservice.cartstore;

public class AlloyDBCartStore
{
    public async Task AddItemAsync(string userId, string productId)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var fetchCmd = $"SELECT quantity FROM {tableName} WHERE userID='{userId}' AND productID='{productId}'"; // FINDING
        var cmdRead = dataSource.CreateCommand(fetchCmd);
        await using var again = new NpgsqlCommand(fetchCmd, conn);
        var deleteCmd = "DELETE FROM carts WHERE userID = '" + userId + "'"; // FINDING
        await db.Database.ExecuteSqlRawAsync(deleteCmd);
        var direct = dataSource.CreateCommand($"DELETE FROM {tableName} WHERE userID = '{userId}'"); // FINDING
        var bound = "SELECT quantity FROM carts WHERE userID = @userId";
        var cmdBound = dataSource.CreateCommand(bound);
        var message = $"AddItemAsync for {userId} called";
        Console.WriteLine(message);
        var plain = dataSource.CreateCommand();
    }
}
`,
  },
];
