# desc: real-server address errors: digits only, [v6] without port, bad IPv4, bad ports
ipvsadm -A -t 10.0.0.100:80
ipvsadm -A -t [fd00::100]:80
ipvsadm -a -t 10.0.0.100:80 -r 12345
echo "rc=$?"
ipvsadm -a -t [fd00::100]:80 -r [fd00::9]
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 256.0.0.1
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2:70000
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2:-1
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2:
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2:nosuchsvc
echo "rc=$?"
ipvsadm -a -t [fd00::100]:80 -r [fd00::9:80
echo "rc=$?"
ipvsadm -Ln
