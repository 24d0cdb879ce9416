# desc: with -g or -i on a non-fwmark service the dest port is forced to the service port; -m keeps it; no port uses the service port
ipvsadm -A -t 10.0.0.100:80
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.4:8080 -g
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.5:8080 -i
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.6:8080
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.7:8080 -m
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.8 -m
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.4:9090 -g
echo "rc=$?"
ipvsadm -Ln
