# Sourced by the scripts that start servers on 127.0.0.1 (postgres.sh, cluster.sh, loadtest.sh).

# port_in_use PORT: something answers on 127.0.0.1:PORT (bash /dev/tcp; no extra tools needed).
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# free_port: prints a port from 20000 up to the start of the kernel's ephemeral range (32767 by default) that nothing
# answers on, or fails after 200 tries. Ports in the ephemeral range are avoided: an outgoing connection (a host's pool
# to PostgreSQL, silo to silo) may take one as its source port between the choice and the bind ("address already in
# use", seen once in faults.sh).
free_port() {
  local p i low=20000 high=32767 ephemeral
  if read -r ephemeral _ </proc/sys/net/ipv4/ip_local_port_range 2>/dev/null && ((ephemeral > low + 1000)); then
    high=$((ephemeral - 1))
  fi
  for i in $(seq 1 200); do
    p=$(( low + (RANDOM * 32768 + RANDOM) % (high - low + 1) ))
    port_in_use "$p" || { echo "$p"; return 0; }
  done
  echo "no free TCP port found on 127.0.0.1" >&2
  return 1
}
