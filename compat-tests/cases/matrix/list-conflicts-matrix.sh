# desc: "at most one" options of -L: connection, service-address, timeout, daemon conflict (later table entry named first)
ipvsadm -A -t 10.0.0.100:80
ipvsadm -L --timeout --daemon
echo "rc=$?"
ipvsadm -L --daemon --timeout
echo "rc=$?"
ipvsadm -L -c --timeout
echo "rc=$?"
ipvsadm -L -c -t 10.0.0.100:80
echo "rc=$?"
ipvsadm -L -t 10.0.0.100:80 -c
echo "rc=$?"
ipvsadm -L --daemon -c
echo "rc=$?"
ipvsadm -L -t 10.0.0.100:80 --timeout
echo "rc=$?"
ipvsadm -L -c --timeout --daemon
echo "rc=$?"
