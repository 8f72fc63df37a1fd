# Sourced by the scripts that start servers on 127.0.0.1 (postgres.sh, cluster.sh, loadtest.sh).

# port_in_use PORT: something answers on 127.0.0.1:PORT (bash /dev/tcp; no extra tools needed).
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# free_port: prints a port between 20000 and 49999 that nothing answers on, or fails after 200 tries.
free_port() {
  local p i
  for i in $(seq 1 200); do
    p=$(( 20000 + (RANDOM * 32768 + RANDOM) % 30000 ))
    port_in_use "$p" || { echo "$p"; return 0; }
  done
  echo "no free TCP port found on 127.0.0.1" >&2
  return 1
}
