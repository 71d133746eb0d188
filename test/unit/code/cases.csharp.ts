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
];
