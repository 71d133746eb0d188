import type { CodeCase } from './codeCase';

/** java: each line ending in a FINDING comment must be found, and no other line. */
export const JAVA_CASES: CodeCase[] = [
  {
    item: 'java.risk.injection',
    file: 'src/main/java/app/OwnerRepo.java',
    source: `package app;

class OwnerRepo {
  void find(String id, String sort) throws Exception {
    stmt.executeQuery("select * from owner where id = " + id); // FINDING
    jdbc.queryForList("select * from owner where name = '" + name + "' order by " + sort); // FINDING
    em.createQuery("from Owner o order by o." + sort).getResultList(); // FINDING
    em.createNativeQuery("select * from owner where id = ?1").setParameter(1, id);
    jdbc.query("select * from owner where id = ?", mapper, id);
    conn.prepareStatement("select * from owner where id = ?");
    em.createNativeQuery(sql);
    log.info("owner " + id);
    // stmt.executeQuery("select " + id) in a comment
    String s = "stmt.executeQuery(\\"select \\" + id)";
  }
}
`,
  },
  {
    item: 'java.risk.deserialization',
    file: 'src/main/java/app/Codec.java',
    source: `package app;

class Codec {
  @JsonTypeInfo(use = JsonTypeInfo.Id.CLASS) // FINDING
  Object payload;
  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
  Shape shape;
  Object read(InputStream s) throws Exception {
    ObjectInputStream in = new ObjectInputStream(s); // FINDING
    ObjectInputStream safe = new ObjectInputStream(s) { protected Class<?> resolveClass(ObjectStreamClass d) { return check(d); } };
    mapper.enableDefaultTyping(); // FINDING
    mapper.activateDefaultTyping(validator);
    ObjectOutputStream out = new ObjectOutputStream(o);
    return in.readObject();
  }
}
`,
  },
];
