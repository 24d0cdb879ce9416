# desc: -d does not force the port: masq dest on 8080 deleted by :8080; route dest stored as :80 not found as :8080 but found without port
ipvsadm -A -t 10.0.0.100:80
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.3:8080 -m
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.4:8080 -g
ipvsadm -Ln
ipvsadm -d -t 10.0.0.100:80 -r 10.0.0.3:8080
echo "rc=$?"
ipvsadm -d -t 10.0.0.100:80 -r 10.0.0.4:8080
echo "rc=$?"
ipvsadm -d -t 10.0.0.100:80 -r 10.0.0.4
echo "rc=$?"
ipvsadm -Ln
