// Browser configuration: everything in this file ships to every visitor.
export const config = {
  apiBase: "https://api.ziett.co/c/v1",
  apiKey: "zk_live_huG8GP38g4o5MNJAYKJ1UXXFWXLC",
};
